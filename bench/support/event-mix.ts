import { seededRng } from '../../src/dedupe/prng.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';

interface Visitor {
  n: number;
  cookie: string;
  email?: string;
  phone?: string;
  userId?: string;
}

/**
 * The realistic intake mix the identity issue names: 60% returning visitors (same cookie, or the same
 * phone on WhatsApp), 30% new visitors, 10% that identify (userId + email) or cross channels (a web
 * visitor's phone arriving on WhatsApp in another format). Emails and phones come in mixed forms.
 */
export function generateEventMix(
  count: number,
  options: { workspaceId?: string; seed?: number } = {},
): ChatEventInput[] {
  const workspaceId = options.workspaceId ?? 'bench';
  const random = seededRng(options.seed ?? 42);
  const visitors: Visitor[] = [];
  const events: ChatEventInput[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  const newVisitor = (): Visitor => {
    const n = visitors.length;
    const v: Visitor = { n, cookie: `ck_${n.toString(36)}_${Math.floor(random() * 1e6)}` };
    if (random() < 0.5) v.email = `Visitor.${n}@Example${n % 97}.com`;
    if (random() < 0.4) v.phone = `+1 (${200 + (n % 700)}) 555-${String(1000 + (n % 9000)).padStart(4, '0')}`;
    visitors.push(v);
    return v;
  };
  for (let i = 0; i < count; i++) {
    const roll = random();
    const at = new Date(t0 + i * 1000);
    const base = { workspaceId, eventId: `evt_${i}`, occurredAt: at, type: 'message' as const };
    const conversation = { id: `conv_${Math.floor(i / 4)}` };
    if (roll < 0.3 || visitors.length === 0) {
      const v = newVisitor();
      events.push({
        ...base,
        channel: 'web',
        identities: { cookie: v.cookie, ...(v.email ? { email: v.email } : {}) },
        conversation,
        message: { text: 'Hi, I have a question about pricing' },
      });
    } else if (roll < 0.9) {
      const v = visitors[Math.floor(random() * visitors.length)]!;
      const onWhatsapp = v.phone !== undefined && random() < 0.3;
      events.push({
        ...base,
        channel: onWhatsapp ? 'whatsapp' : 'web',
        identities: onWhatsapp ? { whatsapp: v.phone!.replace(/\D/g, '') } : { cookie: v.cookie },
        conversation,
        message: { text: 'Thanks, one more thing' },
      });
    } else {
      const v = visitors[Math.floor(random() * visitors.length)]!;
      if (random() < 0.5) {
        v.userId ??= `user_${v.n}`;
        v.email ??= `visitor.${v.n}@example${v.n % 97}.com`;
        events.push({
          ...base,
          type: 'identify',
          channel: 'web',
          identities: { cookie: v.cookie, userId: v.userId, email: v.email.toUpperCase() },
          profile: { name: `Visitor ${v.n}` },
        });
      } else {
        v.phone ??= `+1 (${200 + (v.n % 700)}) 555-${String(1000 + (v.n % 9000)).padStart(4, '0')}`;
        events.push({
          ...base,
          channel: 'whatsapp',
          identities: {
            whatsapp: v.phone.replace(/\D/g, ''),
            ...(random() < 0.5 ? { cookie: v.cookie } : {}),
          },
          conversation,
          message: { text: 'Writing from WhatsApp now' },
        });
      }
    }
  }
  return events;
}
