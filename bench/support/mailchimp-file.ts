import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** The header of a Mailchimp audience export. */
export const MAILCHIMP_HEADER =
  'Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS';
const FIRST = ['Ana', 'José', 'Zoë', 'Liam', 'Mia', 'Noah', 'Ava', 'Ömer'];
const LAST = ['Lima', 'García', 'Müller', 'Smith', 'Rossi', "O'Neil"];

/**
 * Row `i` of a Mailchimp-shaped export: accented names, a quoted address, tags in Mailchimp's quoted
 * form, an occasional multi-line note. Every row has its own email and phone, so intake does not fold
 * rows together.
 */
export function mailchimpRow(i: number): string {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[i % LAST.length]!;
  const exchange = 200 + (Math.floor(i / 10_000) % 800);
  const phone = `(415) ${exchange}-${String(i % 10_000).padStart(4, '0')}`;
  const tags = i % 3 === 0 ? '"""VIP"",""Blog"""' : '';
  const notes = i % 50 === 0 ? '"Called twice,\nleft a message"' : '';
  return `user${i}@example.com,${first},${last},"${i} Main St  Springfield  IL  62701  US",${phone},${(i % 5) + 1},2023-01-05 10:11:12,2023-01-05 10:15:00,39.78,-89.65,-6,-5,America/Chicago,US,IL,2023-06-01 08:00:00,${100000 + i},e${i.toString(16)},${notes},${tags}\n`;
}

/** Writes a Mailchimp-shaped export of `rows` rows to `path`, streaming in 1 MiB pieces. */
export async function writeMailchimpFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let buffer = `${MAILCHIMP_HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    buffer += mailchimpRow(i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
