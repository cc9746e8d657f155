/**
 * The demo's sample, generated the same every time from a seed: a shop's month of chat traffic on its
 * web widget, WhatsApp, Telegram and email (a few thousand events from about five hundred people), and
 * the Mailchimp export of its newsletter list. A handful of people have a scripted story (Ana, who
 * crosses every channel; the Hartleys, one man under two names; Marta, who asks to be erased); everyone
 * else is drawn at random from small name, company and city lists. Nothing here exists to make a
 * feature look good: the duplicates the scan finds are the ones people really leave behind.
 */
import { seededRng } from '../../src/dedupe/prng.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';

/** The demo's workspace: the CLI's default, so `contactkit show … --db demo.db` needs no --workspace. */
export const DEMO_WORKSPACE = 'default';

/** "Now" for the whole demo: events happen in the month before it; follow-ups fall due by it. */
export const DEMO_NOW = new Date('2026-11-20T14:00:00Z');

/** What the story looks up by identity to tell about. */
export const CAST = {
  ana: { email: 'ana.lima@example.com', phone: '+14155552671', userId: 'user_1001' },
  /** Another account that types Ana's email: refused, reported as a conflict. */
  intruder: { userId: 'user_2002' },
  robert: { email: 'robert.hartley@hartley-consulting.com' },
  bob: { telegram: '88120311', email: 'bob.hartley@gmail.com' },
  marta: { email: 'marta.nowak@example.pl' },
} as const;

/** The generated sample. */
export interface DemoSample {
  /** In time order. */
  readonly events: ChatEventInput[];
  /** A Mailchimp audience export (their column names), with a few rows a person typed badly. */
  readonly mailchimpCsv: string;
}

const FIRST = [
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amelia',
  'Leo',
  'Isla',
  'Hugo',
  'Chloe',
  'Arjun',
  'Priya',
  'Kenji',
  'Yuki',
  'Omar',
  'Layla',
  'Diego',
  'Lucia',
  'Jonas',
  'Freya',
  'Tomás',
  'Inês',
  'Mehmet',
  'Elif',
  'Pavel',
  'Anya',
  'Kwame',
  'Ama',
  'Wei',
  'Lin',
  'Samuel',
  'Grace',
  'Felix',
  'Clara',
  'Nikolai',
  'Zara',
  'Ravi',
  'Meera',
  'Oscar',
  'Ingrid',
  'Rafael',
  'Beatriz',
  'Theo',
  'Nora',
  'Adam',
  'Hana',
  'Ivan',
  'Sara',
  'Marco',
  'Giulia',
  'Jakub',
  'Zofia',
  'Aidan',
  'Niamh',
];
const LAST = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Silva',
  'Kowalski',
  'Johansson',
  'Nguyen',
  'Tanaka',
  'Khan',
  'Okafor',
  'Mensah',
  'Novak',
  'Dubois',
  'Jensen',
  'Costa',
  'Schmidt',
  'Moreau',
  'Yilmaz',
  'Petrov',
  'Haddad',
  'Fischer',
  'Romero',
  'Lindqvist',
  'Sato',
  'Park',
  'Kim',
  'Osei',
  'Ferreira',
  'Bianchi',
  'Weber',
  'Martin',
  'Lopez',
  'Hansen',
  'Nowicki',
  'Horvat',
  'Ivanova',
  'Mendes',
  'Brennan',
  "O'Neill",
  'Fernandes',
  'Kaur',
  'Reyes',
  'Castillo',
  'Vargas',
  'Andersen',
  'Eriksson',
  'Popescu',
  'Sousa',
  'Aziz',
];
const COMPANIES = [
  'Northwind Traders',
  'Blue Harbor Cafe',
  'Lumen Studio',
  'Atlas Logistics',
  'Verde Organics',
  'Pixel Forge',
  'Cobalt Dental',
  'Summit Outdoors',
  'Juniper Legal',
  'Orbit Fitness',
  'Maple & Rye Bakery',
  'Tidewater Realty',
];
const CITIES = ['Boston', 'Austin', 'Seattle', 'Chicago', 'Denver', 'Portland', 'Miami', 'Atlanta'];
const AREA = ['617', '512', '206', '312', '720', '503', '305', '404'];
const QUESTIONS = [
  'Hi! Do you ship to Canada?',
  'What sizes does the trail jacket come in?',
  'How much is the annual plan?',
  'Is there a discount for teams of ten?',
  'Can I change my delivery address?',
  'Do you have this in green?',
  'When will my order arrive?',
  'How does your pricing compare to the basic plan elsewhere?',
];
const REPLIES = [
  'Happy to help! Could you tell me which model you are looking at?',
  'It comes in S to XXL. Would you like me to reserve one?',
  'The annual plan is $240, two months free compared to monthly. Shall I send a link?',
  'Yes, teams of ten or more get 15% off. Want a quote?',
];
const FRUSTRATED = 'This is the third time I ask and nobody answers. Very disappointed.';

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
const slug = (s: string) => ascii(s.replace(/&/g, 'and').replace(/\s+/g, ''));

/** One person of the random crowd. */
interface Person {
  readonly i: number;
  readonly first: string;
  readonly last: string;
  readonly company: string;
  readonly city: string;
  readonly email: string;
  readonly phone: string;
}

/**
 * Generates the demo sample. Deterministic: the same seed gives the same events, ids and CSV.
 *
 * @example
 * ```ts
 * const { events, mailchimpCsv } = demoSample();
 * ```
 */
export function demoSample(seed = 2026): DemoSample {
  const random = seededRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  // Midnight UTC thirty days before now; the last day of events is the day before now.
  const start = Math.floor(DEMO_NOW.getTime() / 86_400_000) * 86_400_000 - 30 * 86_400_000;
  // Times within the month, most of them in daytime hours so quiet hours do not hold every follow-up.
  const at = (day: number, minute: number) => new Date(start + day * 86_400_000 + (9 * 60 + minute) * 60_000);

  const events: Array<Omit<ChatEventInput, 'workspaceId' | 'eventId'> & { id?: string }> = [];
  const people: Person[] = [];

  // Every name once: two strangers sharing a name would be a duplicate the sample made up.
  const names = new Set<string>(['Ana Lima', 'Robert Hartley', 'Marta Nowak']);
  for (let i = 0; i < 480; i++) {
    let first = pick(FIRST);
    let last = pick(LAST);
    while (names.has(`${first} ${last}`)) {
      first = pick(FIRST);
      last = pick(LAST);
    }
    names.add(`${first} ${last}`);
    const company = pick(COMPANIES);
    const city = CITIES[AREA.indexOf(pick(AREA))] ?? pick(CITIES);
    const personal = chance(0.5);
    const email = `${ascii(first)}.${ascii(last)}@${personal ? 'mail.example.com' : `${slug(company)}.example`}`;
    const phone = `+1${pick(AREA)}555${String(1000 + Math.floor(random() * 9000))}`;
    const person: Person = { i, first, last, company, city, email, phone };
    people.push(person);
    const name = `${first} ${last}`;
    const day = Math.floor(random() * 29);
    let minute = Math.floor(random() * 540);
    const path = random();
    const conversation = `conv_${i}`;
    const base =
      path < 0.35
        ? { channel: 'web', identities: { cookie: `ck_${i.toString(36)}_${seed}` } as Record<string, string> }
        : path < 0.6
          ? { channel: 'whatsapp', identities: { whatsapp: phone.slice(1) } as Record<string, string> }
          : path < 0.8
            ? {
                channel: 'telegram',
                identities: { telegram: String(500_000 + i * 7) } as Record<string, string>,
              }
            : { channel: 'email', identities: { email } as Record<string, string> };
    const profile = base.channel === 'web' ? undefined : { name, company, address: { city } };
    const pricing = chance(0.3);
    const purchase = chance(0.14);
    const exchanges = 1 + Math.floor(random() * 4);
    const frustrated = chance(0.02);
    const endsOnReply = chance(0.45);
    for (let x = 0; x < exchanges; x++) {
      const last = x === exchanges - 1;
      const intents = [
        ...(pricing && x === 0 ? [{ name: 'pricing' }] : []),
        ...(purchase && last ? [{ name: 'purchase', confidence: 0.9 }] : []),
      ];
      events.push({
        channel: base.channel,
        identities: base.identities,
        ...(profile && x === 0 ? { profile } : {}),
        occurredAt: at(day, minute),
        conversation: { id: conversation, inbox: base.channel },
        message: {
          text: frustrated && last ? FRUSTRATED : pick(QUESTIONS),
          ...(frustrated && last
            ? { sentiment: -0.8 }
            : chance(0.5)
              ? { sentiment: 0.3 + random() * 0.5 }
              : {}),
        },
        ...(intents.length > 0 ? { intents } : {}),
      });
      minute += 2 + Math.floor(random() * 10);
      if (!last || endsOnReply)
        events.push({
          channel: base.channel,
          identities: base.identities,
          occurredAt: at(day, minute),
          conversation: { id: conversation },
          message: {
            text: pick(REPLIES),
            direction: 'outbound',
            ...(last ? { markers: { question: true } } : {}),
          },
        });
      minute += 1 + Math.floor(random() * 20);
    }
    // Web visitors leave an email to the bot; some fill in the form with a phone too.
    if (base.channel === 'web' && chance(0.7)) {
      const form = chance(0.4);
      events.push({
        channel: 'web',
        identities: { ...base.identities, email, ...(form ? { phone } : {}) },
        profileOrigin: form ? 'host' : 'bot',
        profile: { name, ...(form ? { company, address: { city } } : {}) },
        occurredAt: at(day, minute + 1),
        ...(form
          ? { type: 'profile' as const, actions: ['form_submitted'] }
          : { conversation: { id: conversation } }),
      });
      // Some of them then write on WhatsApp from the number they typed.
      if (form && chance(0.5)) {
        events.push({
          channel: 'whatsapp',
          identities: { whatsapp: phone.slice(1) },
          occurredAt: at(Math.min(day + 1, 29), minute),
          conversation: { id: `${conversation}_wa`, inbox: 'whatsapp' },
          message: { text: 'Hi, I filled in the form on your site yesterday.' },
        });
      }
    }
    // Telegram and WhatsApp people sometimes give their email in the chat.
    if ((base.channel === 'telegram' || base.channel === 'whatsapp') && chance(0.35)) {
      events.push({
        channel: base.channel,
        identities: { ...base.identities, email },
        profileOrigin: 'bot',
        occurredAt: at(day, minute + 3),
        conversation: { id: conversation },
        message: { text: email },
      });
    }
    // Buyers order a few days later, some through the assistant.
    if ((purchase && chance(0.7)) || chance(0.06)) {
      const ids = base.channel === 'web' ? { ...base.identities, email } : base.identities;
      events.push({
        channel: base.channel,
        type: 'order',
        identities: ids,
        occurredAt: at(Math.min(day + 2, 29), minute),
        order: {
          orderId: `ord_${i}`,
          amount: Math.round((20 + random() * 380) * 100) / 100,
          currency: 'USD',
          viaAssistant: chance(0.5),
        },
      });
    }
  }

  scripted(events, at);
  const sorted = events
    .map((e, n) => ({ e, n }))
    .sort((a, b) => new Date(a.e.occurredAt).getTime() - new Date(b.e.occurredAt).getTime() || a.n - b.n);
  let n = 0;
  const out: ChatEventInput[] = sorted.map(({ e }) => {
    const { id, ...rest } = e;
    return { workspaceId: DEMO_WORKSPACE, eventId: id ?? `evt_${String(++n).padStart(5, '0')}`, ...rest };
  });
  return { events: out, mailchimpCsv: mailchimp(people, names, random) };
}

/** The people whose story the demo tells, with their event ids so it can find what happened. */
function scripted(
  events: Array<Omit<ChatEventInput, 'workspaceId' | 'eventId'> & { id?: string }>,
  at: (day: number, minute: number) => Date,
): void {
  const ana = CAST.ana;
  events.push(
    {
      id: 'ana-1',
      channel: 'web',
      identities: { cookie: 'ck_7f3a' },
      occurredAt: at(20, 10),
      conversation: { id: 'conv_ana', inbox: 'acme.com' },
      message: { text: 'Do you ship to Lisbon? How much is shipping?' },
      intents: [{ name: 'pricing' }],
    },
    {
      id: 'ana-2',
      channel: 'web',
      identities: { cookie: 'ck_7f3a', email: ' Ana.Lima@Example.COM ' },
      profileOrigin: 'bot',
      profile: { name: 'ana lima' },
      occurredAt: at(20, 12),
      conversation: { id: 'conv_ana' },
      message: { text: 'ana.lima@example.com' },
    },
    {
      id: 'ana-3',
      channel: 'web',
      type: 'profile',
      identities: { email: ana.email, phone: '(415) 555-2671' },
      actions: ['form_submitted'],
      occurredAt: at(20, 15),
      country: 'US',
    },
    {
      id: 'ana-4',
      channel: 'whatsapp',
      identities: { whatsapp: '14155552671' },
      occurredAt: at(21, 30),
      conversation: { id: 'conv_ana_wa', inbox: 'whatsapp' },
      message: { text: 'Hi, it is Ana again. I want to buy the green one.' },
      intents: [{ name: 'purchase' }],
    },
    {
      id: 'ana-5',
      channel: 'web',
      type: 'identify',
      identities: { userId: ana.userId, email: ana.email },
      occurredAt: at(22, 0),
    },
    {
      id: 'intruder-1',
      channel: 'web',
      identities: { userId: CAST.intruder.userId, email: ana.email },
      occurredAt: at(22, 40),
      conversation: { id: 'conv_intruder' },
      message: { text: 'Is this my account?' },
    },
    {
      id: 'ana-6',
      channel: 'web',
      type: 'order',
      identities: { userId: ana.userId },
      occurredAt: at(23, 5),
      order: { orderId: 'ord_ana', amount: 129.9, currency: 'USD', viaAssistant: true },
    },
    // One man, two names: a lead form with his work email, then Telegram with his own.
    {
      id: 'robert-1',
      channel: 'web',
      source: 'lead_form',
      type: 'profile',
      actions: ['form_submitted'],
      identities: { email: CAST.robert.email },
      profile: { name: 'Robert Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
      occurredAt: at(12, 30),
    },
    {
      id: 'bob-1',
      channel: 'telegram',
      identities: { telegram: CAST.bob.telegram, email: CAST.bob.email },
      profile: { name: 'Bob Hartley', company: 'Hartley Consulting', address: { city: 'Boston' } },
      occurredAt: at(25, 45),
      conversation: { id: 'conv_bob', inbox: 'telegram' },
      message: { text: 'Following up on the quote for my team. What would 12 seats cost?' },
      intents: [{ name: 'pricing' }, { name: 'purchase', confidence: 0.8 }],
    },
    // Marta will ask for her data, then to be erased.
    {
      id: 'marta-1',
      channel: 'email',
      identities: { email: CAST.marta.email },
      profile: { name: 'Marta Nowak', company: 'Verde Organics', address: { city: 'Kraków' } },
      occurredAt: at(8, 0),
      conversation: { id: 'conv_marta', inbox: 'support@acme.example' },
      message: { text: 'Please send me a copy of the data you hold about me, then delete it.' },
    },
  );
}

/** A Mailchimp audience export: some subscribers already chat with the shop, some are new. */
function mailchimp(people: readonly Person[], taken: Set<string>, random: () => number): string {
  const header =
    'Email Address,First Name,Last Name,Phone Number,MEMBER_RATING,OPTIN_TIME,TIMEZONE,CC,REGION,TAGS\n';
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows: string[] = [];
  const row = (email: string, first: string, last: string, phone: string, tags: string) =>
    rows.push(
      [
        email,
        first,
        last,
        phone,
        String(1 + Math.floor(random() * 5)),
        '2026-03-02 10:11:12',
        'America/New_York',
        'US',
        '',
        tags,
      ]
        .map(q)
        .join(','),
    );
  // Existing people, by the email they gave in a chat (matched, updated, not duplicated).
  for (const p of people.filter((_, i) => i % 4 === 0)) row(p.email, p.first, p.last, '', '"Newsletter"');
  row(CAST.ana.email, 'Ana', 'Lima', '', '"Newsletter","VIP"');
  // New subscribers the shop has never chatted with.
  for (let i = 0, added = 0; added < 90 && i < FIRST.length * LAST.length; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    if (taken.has(`${first} ${last}`)) continue;
    taken.add(`${first} ${last}`);
    added++;
    row(`${ascii(first)}${ascii(last)}@news.example.com`, first, last, '', '"Newsletter"');
  }
  // What people type into forms.
  row('jane.doe(at)mail.example.com', 'Jane', 'Doe', '', '');
  row('', 'No', 'Email', 'call me', '');
  return header + rows.map((r) => `${r}\n`).join('');
}
