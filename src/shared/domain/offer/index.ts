// Offers made during a call: the calculator, its business-day rules and the authority check.
export * from './business-days';
export * from './offer';
