// The pure domain core: one import for renderer, main and server.
export * from './money';
export * from './phone';
export * from './document';
export * from './brazil-regions';
export * from './time-zone';
export * from './dates';
export * from './promise-schedule';
export * from './policy';
export * from './priority';
export * from './payment-codes';
export * from './offer';
export * from './messages';
export * from './script';
export * from './dispositions';
