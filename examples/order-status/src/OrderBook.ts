/** A customer of the demo shop. */
export interface Customer {
  /** The customer's id (the VerifiedCustomerId once verified). */
  readonly id: string;
  /** E-mail address. */
  readonly email: string;
  /** The one-time passcode sent to the customer (a stand-in for a real OTP service). */
  readonly passcode: string;
  /** Display name. */
  readonly name: string;
}

/** An order of the demo shop. */
export interface Order {
  /** The order number the customer knows, such as ORD-1002. */
  readonly orderNumber: string;
  /** The customer who placed it. */
  readonly customerId: string;
  /** Fulfilment status. */
  readonly status: 'processing' | 'shipped' | 'delivered';
  /** Carrier tracking number, once shipped. */
  readonly tracking: string | null;
  /** Total, in cents. */
  readonly totalCents: number;
}

/**
 * The demo's data: a few customers and orders in memory. The data-security issue replaces it
 * with SecureDataAccess over SQL.
 */
export class OrderBook {
  readonly #customers: readonly Customer[];
  readonly #orders: readonly Order[];

  /**
   * @param customers - the customers
   * @param orders - the orders
   */
  constructor(customers: readonly Customer[], orders: readonly Order[]) {
    this.#customers = customers;
    this.#orders = orders;
  }

  /**
   * @param email - an e-mail address
   * @returns the customer with that address, if any
   */
  customerByEmail(email: string): Customer | undefined {
    const wanted = email.trim().toLowerCase();
    return this.#customers.find((c) => c.email === wanted);
  }

  /**
   * @param id - a customer id
   * @returns the customer, if any
   */
  customerById(id: string): Customer | undefined {
    return this.#customers.find((c) => c.id === id);
  }

  /**
   * @param customerId - a customer id
   * @returns that customer's orders only
   */
  ordersOf(customerId: string): Order[] {
    return this.#orders.filter((o) => o.customerId === customerId);
  }
}

/** The demo data set. */
export function demoOrderBook(): OrderBook {
  return new OrderBook(
    [
      { id: 'C-0001', email: 'jane@example.com', passcode: '424242', name: 'Jane Doe' },
      { id: 'C-0002', email: 'omar@example.com', passcode: '135790', name: 'Omar Haddad' },
    ],
    [
      { orderNumber: 'ORD-1001', customerId: 'C-0001', status: 'delivered', tracking: '1Z999AA10123456784', totalCents: 4_250 },
      { orderNumber: 'ORD-1002', customerId: 'C-0001', status: 'shipped', tracking: '1Z999AA10123456785', totalCents: 12_900 },
      { orderNumber: 'ORD-2001', customerId: 'C-0002', status: 'processing', tracking: null, totalCents: 7_300 },
    ],
  );
}
