// Follow-up messages: templates in the customer's language and what they become on WhatsApp and SMS.
export * from './templates';
export * from './channels';
