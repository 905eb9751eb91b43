// Call scripts: versioned data, placeholders, validation, the script session and script selection.
export * from './schema';
export * from './placeholders';
export * from './validate';
export * from './session';
export * from './select';
export * from './defaults';
