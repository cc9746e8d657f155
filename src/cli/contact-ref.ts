import { NotFoundError, ValidationError } from '../errors/errors.js';
import type { Contactkit } from '../service/contactkit.js';

/**
 * The contact a command line names: an email (has an @), a phone number (digits, spaces and
 * punctuation, in international form: +1 415 555 2671), `type:value` for any identity
 * (`telegram:88120311`, `userId:user_1001`), or else a contact id.
 *
 * @throws {@link contactkit!NotFoundError} when nothing holds it.
 */
export async function resolveContact(kit: Contactkit, workspaceId: string, ref: string): Promise<string> {
  const text = ref.trim();
  if (text === '')
    throw new ValidationError({ field: 'contact', value: ref, reason: 'empty contact reference' });
  const typed = /^([a-zA-Z][\w-]{0,63}):(.+)$/.exec(text);
  const lookup = text.includes('@')
    ? { type: 'email', value: text }
    : /^\+?[\d\s().-]{6,}$/.test(text)
      ? { type: 'phone', value: text }
      : typed
        ? { type: typed[1]!, value: typed[2]! }
        : null;
  if (lookup !== null) {
    const found = await kit.contacts.lookupIdentity(workspaceId, lookup);
    if (found.status === 'held') return found.contact.id;
    if (found.status === 'invalid')
      throw new ValidationError({ field: lookup.type, value: lookup.value, reason: found.reason });
    throw new NotFoundError(`contact with ${lookup.type}`, workspaceId, lookup.value);
  }
  const view = await kit.contacts.getContact(workspaceId, text);
  if (view === null) throw new NotFoundError('contact', workspaceId, text);
  return text;
}
