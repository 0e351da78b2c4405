/** Minor-unit exponent of a currency (2 for GBP, 0 for JPY), as Intl knows it. */
export function getCurrencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** getCurrencyExponent(currency));
}

export function fromMinorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** getCurrencyExponent(currency);
}

export function formatMoney(amountMinor: number, currency: string, locale = "en"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(fromMinorUnits(amountMinor, currency));
}
