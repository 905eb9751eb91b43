// Payment codes the agent sends or checks during a call: PIX BR Code and boleto lines.
export * from './pix';
export * from './boleto';
