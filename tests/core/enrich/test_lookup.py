"""One live lookup (enrichment spec §7) and the confidence rules (§6.4) it shares with the
queue: match types, threshold, former names, tolerated detail failures."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from support.eqc_server import Company, EqcServer, Reply
from work_data_hub.core.enrich.cache import CacheEntry
from work_data_hub.core.enrich.confidence import ConfidenceRules, load_confidence
from work_data_hub.core.enrich.eqc_client import AuthFailure, EqcClient
from work_data_hub.core.enrich.lookup import lookup_name
from work_data_hub.core.enrich.records import hit_entries

REPO = Path(__file__).resolve().parents[3]


def entries(found: list[CacheEntry]) -> dict[tuple[str, str], Decimal]:
    return {(e.lookup_type, e.lookup_key): e.confidence for e in found}


@pytest.mark.parametrize(
    ("match_type", "confidence"),
    [("全称精确匹配", "1.00"), ("模糊匹配", "0.80"), ("拼音", "0.60"), ("相似", "0.70"), (None, "0.70")],
)
def test_confidence_by_match_type(rules: ConfidenceRules, match_type: str | None, confidence: str) -> None:
    assert rules.for_match(match_type) == Decimal(confidence)


def test_exact_hit_with_official_and_former_names(eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    # example 12: searched name, official name (different), former names at 0.90
    eqc.add_company(
        Company(600000005, "戊科技有限公司（北京）", former_names="戊旧名有限公司；戊老名有限公司\n戊科技"),
        "戊科技有限公司",
    )
    outcome = lookup_name(client, "戊科技有限公司", rules)
    assert outcome.status == "hit" and outcome.company_id == "600000005" and outcome.confidence == Decimal("1.00")
    assert outcome.record is not None and outcome.record.raw_business_info is not None
    assert entries(hit_entries(outcome, rules, "eqc_api", "d")) == {
        ("customer_name", "戊科技有限公司"): Decimal("1.00"),
        ("former_name", "戊旧名有限公司"): Decimal("0.90"),
        ("former_name", "戊老名有限公司"): Decimal("0.90"),
        ("former_name", "戊科技"): Decimal("0.90"),
    }  # the official name normalises to the searched one: no second customer_name entry


def test_official_name_cached_at_one_when_different(eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    eqc.add_company(Company(7, "己集团股份有限公司", match_type="模糊匹配"), "己集团")
    outcome = lookup_name(client, "己集团", rules)
    assert entries(hit_entries(outcome, rules, "eqc_api", "d")) == {
        ("customer_name", "己集团"): Decimal("0.80"),
        ("customer_name", "己集团股份有限公司"): Decimal("1.00"),
    }


def test_pinyin_is_accepted_but_its_former_names_fall_below_the_threshold(
    eqc: EqcServer, client: EqcClient, rules: ConfidenceRules
) -> None:  # example 13
    eqc.add_company(Company(8, "庚公司", match_type="拼音", former_names="庚旧公司"))
    outcome = lookup_name(client, "庚公司", rules)
    assert outcome.status == "hit" and outcome.confidence == Decimal("0.60")
    found = hit_entries(outcome, rules, "eqc_api", "d")
    assert entries(found)[("former_name", "庚旧公司")] == Decimal("0.54")
    assert [e.confidence >= rules.min_confidence_for_cache for e in found] == [True, False]


def test_threshold_from_the_config_file(eqc: EqcServer, client: EqcClient, tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    path = config / "enrichment.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("min_confidence_for_cache: 0.60", "min_confidence_for_cache: 0.75"),
        encoding="utf-8",
    )
    strict = load_confidence(config)
    eqc.add_company(Company(9, "辛公司", match_type="拼音"))
    outcome = lookup_name(client, "辛公司", strict)  # example 15
    assert outcome.status == "below_threshold" and outcome.company_id is None
    assert outcome.record is not None and outcome.record.company_id == "9"  # still stored as a record
    assert eqc.count("findDepart") == 0


def test_not_found_cases(eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    assert lookup_name(client, "无此公司", rules).status == "not_found"
    eqc.script("search", Reply(404))
    assert lookup_name(client, "无此公司", rules).status == "not_found"
    eqc.script("search", Reply(body={"list": [{"companyFullName": "缺id公司"}]}))
    assert lookup_name(client, "缺id公司", rules).status == "not_found"


def test_detail_failures_are_tolerated(eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    eqc.add_company(Company(10, "壬公司"))
    eqc.script("findDepart", Reply(500), Reply(500), Reply(500), Reply(500))
    eqc.script("findLabels", Reply(404))
    outcome = lookup_name(client, "壬公司", rules)
    assert outcome.status == "hit" and outcome.details_failed == ["findDepart"]
    assert outcome.record is not None and outcome.record.raw_business_info is None


def test_errors_and_auth(eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    eqc.script("search", *[Reply(502)] * 4)
    outcome = lookup_name(client, "癸公司", rules)
    assert outcome.status == "error" and "502" in (outcome.error or "")
    eqc.script("search", Reply(401))
    with pytest.raises(AuthFailure):
        lookup_name(client, "癸公司", rules)
