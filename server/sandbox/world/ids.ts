/**
 * Id shapes seen in Discovery data (providers.md 1.8): `vv…`/`Z7…` ids of 13–21 `[A-Za-z0-9_-]` chars,
 * `G5v…` ids with `-`/`_`, 33–34-char `Za5ju3…` ids on add-on events (SUITE, PASS), and 16-hex legacy web
 * ids that appear in event URLs instead of the API id.
 */
import type { Random } from "./random";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ID_CHARS = `${ALNUM}-_`;
const HEX = "0123456789ABCDEF";

/** Hands out ids that never repeat within one world. */
export class IdFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** A main event id in one of the common shapes. */
  event(): string {
    const r = this.random;
    return this.unique(() => {
      const shape = r.int(0, 2);
      if (shape === 0) return `vv${r.text(ALNUM, r.int(12, 17))}`;
      if (shape === 1) return `Z7r9jZ1A${r.text(ALNUM, r.int(5, 9))}`;
      return `G5v${r.text(ID_CHARS, 10)}`;
    });
  }

  /** Long ids of add-on "events" (suites, parking passes). */
  addOnEvent(): string {
    return this.unique(() => `Za5ju3rKuqZ${this.random.text(ALNUM, this.random.int(22, 23))}`);
  }

  attraction(): string {
    return this.unique(() => `K8vZ9171${this.random.text(ALNUM, 4)}${this.random.text("0123456789", 1)}`);
  }

  venue(): string {
    return this.unique(() => `KovZ${this.random.text(ALNUM, this.random.int(4, 10))}`);
  }

  promoter(): string {
    return this.unique(() => String(this.random.int(100, 999)));
  }

  /** The legacy web id seen in most event URLs. */
  legacy(): string {
    return this.unique(() => this.random.text(HEX, 16));
  }
}
