import DocketCLI

Docket.main()
