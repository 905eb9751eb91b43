// The contact-policy engine: schema, presets and `evaluate`.
export * from './schema';
export * from './holidays';
export * from './presets';
export * from './evaluate';
