// How the server hands an SMS or an email to the outside world. One small interface per channel, so a call
// center plugs in its own carrier (Zenvia, Twilio, an SMTP relay...) without touching the route. SMTP through
// nodemailer is the first real email provider; SMS goes to an HTTP webhook of the operator's gateway.
// Credentials come from the environment (QUITA_SMTP_URL, QUITA_SMS_WEBHOOK_TOKEN), never from a file.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export type MessageChannel = 'email' | 'sms';

export interface OutboundMessage {
  /** The client's id for this message: providers that accept an idempotency key get it. */
  id: string;
  channel: MessageChannel;
  /** An email address or an E.164 number. */
  to: string;
  subject: string | null;
  text: string;
}

export interface MessageProvider {
  readonly name: string;
  readonly channel: MessageChannel;
  /** Resolves with the provider's own id once it accepted the message; rejects with a reason otherwise. */
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
  close?(): Promise<void> | void;
}

export type MessageProviders = Partial<Record<MessageChannel, MessageProvider>>;

export class ProviderError extends Error {
  constructor(
    message: string,
    /** A refusal that will not change on retry (a bad address) rather than an outage. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://…; a nodemailer connection URL. */
  url: string;
  /** The From header, e.g. "Cobrança ACME <cobranca@acme.com.br>". */
  from: string;
  /** Time allowed for the whole SMTP exchange. */
  timeoutMs?: number;
}

export class SmtpEmailProvider implements MessageProvider {
  readonly name = 'smtp';
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? 15_000;
    const url = new URL(settings.url);
    const secure = url.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        // Lets the relay and the recipient's server drop a duplicate if the server crashed after sending.
        messageId: `<${message.id}@quita>`,
      });
      if ((info.rejected ?? []).length > 0) throw new ProviderError(`The mail server refused ${message.to}`, true);
      return { providerMessageId: info.messageId };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const responseCode = (error as { responseCode?: number }).responseCode;
      // 5xx from the server is a permanent refusal (no such mailbox...); anything else may pass on a retry.
      throw new ProviderError(`Email not sent: ${(error as Error).message}`, typeof responseCode === 'number' && responseCode >= 500);
    }
  }

  close(): void {
    this.transport.close();
  }
}

export interface SmsWebhookSettings {
  url: string;
  token: string;
  timeoutMs?: number;
}

/** POSTs `{ id, to, text }` as JSON with a bearer token; the gateway answers 2xx with `{ id }`. */
export class WebhookSmsProvider implements MessageProvider {
  readonly name = 'sms-webhook';
  readonly channel = 'sms' as const;

  constructor(private readonly settings: SmsWebhookSettings) {}

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.settings.token}`,
          'idempotency-key': message.id,
        },
        body: JSON.stringify({ id: message.id, to: message.to, text: message.text }),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ProviderError(`SMS gateway unreachable: ${(error as Error).message}`, false);
    }
    const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
    if (!response.ok) {
      throw new ProviderError(`SMS gateway answered ${response.status}`, response.status >= 400 && response.status < 500);
    }
    return { providerMessageId: typeof body?.id === 'string' ? body.id : message.id };
  }
}

/** The providers the environment configures; a channel without one answers `provider_unavailable`. */
export function providersFromEnv(env: NodeJS.ProcessEnv): MessageProviders {
  const providers: MessageProviders = {};
  if (env.QUITA_SMTP_URL) {
    providers.email = new SmtpEmailProvider({ url: env.QUITA_SMTP_URL, from: env.QUITA_MAIL_FROM ?? 'Quita <no-reply@localhost>' });
  }
  if (env.QUITA_SMS_WEBHOOK_URL && env.QUITA_SMS_WEBHOOK_TOKEN) {
    providers.sms = new WebhookSmsProvider({ url: env.QUITA_SMS_WEBHOOK_URL, token: env.QUITA_SMS_WEBHOOK_TOKEN });
  }
  return providers;
}

/**
 * The demo's provider (`npm start`): writes each message as a file in `dir` instead of sending it, like a mail
 * catcher, so a new user sees what a customer would get without any account at a carrier. Never used when
 * the environment configures a real provider.
 */
export class FileDropProvider implements MessageProvider {
  readonly name: string;

  constructor(
    readonly channel: MessageChannel,
    private readonly dir: string,
  ) {
    this.name = `demo-outbox-${channel}`;
  }

  async send(message: OutboundMessage): Promise<{ providerMessageId: string }> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${message.id}.${message.channel === 'email' ? 'eml' : 'txt'}`);
    const head = message.channel === 'email' ? `To: ${message.to}\nSubject: ${message.subject ?? ''}\n\n` : `To: ${message.to}\n\n`;
    await writeFile(file, head + message.text + '\n', { encoding: 'utf8', flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    return { providerMessageId: file };
  }
}

/** Real providers from the environment; for the channels it leaves out, the demo outbox in `dir`. */
export function demoProviders(env: NodeJS.ProcessEnv, dir: string): MessageProviders {
  return { email: new FileDropProvider('email', dir), sms: new FileDropProvider('sms', dir), ...providersFromEnv(env) };
}
