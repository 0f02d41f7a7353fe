// Placeholder until the Projections target lands.
