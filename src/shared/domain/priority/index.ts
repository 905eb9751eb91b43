// Explainable prioritization: strategy, propensity to pay, scoring and A/B assignment.
export * from './strategy';
export * from './propensity';
export * from './score';
export * from './assign-variant';
export * from './strategy-config';
