"""Loaded by ``dg.load_from_defs_folder``: each module exposes one ``Definitions`` built by
the helpers of ``work_data_hub.orchestration`` from the domain registry."""
