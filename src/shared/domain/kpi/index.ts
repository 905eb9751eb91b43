// Supervisor KPIs: definitions over SQL-aggregated counts, and the statistics for A/B comparisons.
export * from './kpi';
export * from './statistics';
export * from './console-schema';
