import type { OrderRecord } from '../model/order.js';
import type { ContactOwnedRows } from './contact-owned-rows.js';

/** Orders the host reported; `orderId` is unique per workspace. */
export interface OrderRepository extends ContactOwnedRows {
  findMany(orderIds: readonly string[]): Promise<OrderRecord[]>;
  /** Inserts orders; an existing order id throws `AlreadyExistsError`. */
  insertMany(orders: readonly OrderRecord[]): Promise<void>;
  listByContact(contactId: string): Promise<OrderRecord[]>;
  reassign(
    fromContactIds: readonly string[],
    toContactId: string,
    orderIds?: readonly string[],
  ): Promise<number>;
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
