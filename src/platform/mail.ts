import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { redactUrl } from '../config.ts';

/** An outgoing message as the mailer sends it. */
export interface MailMessage {
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  text: string;
}

/** The port the notification dispatcher sends through; SMTP in production, a fake in unit tests. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer, one connection per message. Timeouts are short so an unresponsive
 * server costs one attempt, not the dispatcher's whole interval. Errors leave here without the
 * URL's credentials.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    }),
  );
  const secrets = credentialsOf(smtpUrl);
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from,
          to: [...m.to],
          cc: m.cc.length ? [...m.cc] : undefined,
          subject: m.subject,
          text: m.text,
        });
      } catch (e) {
        throw new Error(scrub(e instanceof Error ? e.message : String(e), secrets, smtpUrl));
      }
    },
    close: () => transport.close(),
  };
}

function credentialsOf(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

const scrub = (message: string, secrets: string[], url: string) =>
  secrets.reduce((m, s) => m.split(s).join('***'), message.split(url).join(redactUrl(url)));
