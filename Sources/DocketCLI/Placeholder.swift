// Placeholder until the DocketCLI target lands.
