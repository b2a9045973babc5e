from work_data_hub.cli.app import main

raise SystemExit(main())
