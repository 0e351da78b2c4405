import { describe, expect, it } from "vitest";
import { labelPrice } from "@/server/engine";

describe("price label from our own observations", () => {
  const seen = [4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000];
  it("calls a price in the bottom quarter low and the top quarter high", () => {
    expect(labelPrice(4200, seen)).toBe("low");
    expect(labelPrice(6000, seen)).toBe("typical");
    expect(labelPrice(7900, seen)).toBe("high");
  });
  it("says nothing with fewer than three observations or no price", () => {
    expect(labelPrice(4000, [4000, 5000])).toBe("unknown");
    expect(labelPrice(null, seen)).toBe("unknown");
  });
  it("calls an unchanging price typical", () => {
    expect(labelPrice(5000, [5000, 5000, 5000])).toBe("typical");
  });
});
