// Placeholder until the Commissioning target lands.
