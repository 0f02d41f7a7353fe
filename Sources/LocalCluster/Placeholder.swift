// Placeholder until the LocalCluster target lands.
