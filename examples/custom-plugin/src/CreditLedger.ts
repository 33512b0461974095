/** One goodwill credit that was issued. */
export interface IssuedCredit {
  /** The customer account. */
  readonly account: string;
  /** The amount, in cents. */
  readonly amountCents: number;
  /** Why. */
  readonly reason: string;
  /** Who asked (the run's user). */
  readonly issuedBy: string;
}

/**
 * Where the demo's credits go: an in-memory list standing in for a billing system. Tests read it to
 * prove that a blocked call never ran.
 */
export class CreditLedger {
  readonly #credits: IssuedCredit[] = [];

  /**
   * Records a credit.
   * @param credit - the credit
   */
  add(credit: IssuedCredit): void {
    this.#credits.push(Object.freeze({ ...credit }));
  }

  /** Every credit issued so far, oldest first. */
  get credits(): readonly IssuedCredit[] {
    return [...this.#credits];
  }
}
