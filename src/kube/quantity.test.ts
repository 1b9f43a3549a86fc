import { describe, expect, it } from "vitest";
import { canonicalQuantity, compareQuantities, formatQuantity, milliValue, parseQuantity, quantityValue } from "./quantity.ts";

// Cases from apimachinery pkg/api/resource/quantity_test.go: TestQuantityParse (values and formats),
// TestQuantityString and TestQuantityParseEmit (canonical strings), and its list of invalid inputs.

describe("parseQuantity", () => {
  it.each<[string, bigint, string]>([
    ["0", 0n, "DecimalSI"],
    ["0Ki", 0n, "BinarySI"],
    ["1", 1_000_000_000n, "DecimalSI"],
    ["1Ki", 1024_000_000_000n, "BinarySI"],
    ["7Mi", 7n * 1024n * 1024n * 1_000_000_000n, "BinarySI"],
    ["5n", 5n, "DecimalSI"],
    ["4u", 4_000n, "DecimalSI"],
    ["3m", 3_000_000n, "DecimalSI"],
    ["8k", 8_000_000_000_000n, "DecimalSI"],
    ["6G", 6_000_000_000_000_000_000n, "DecimalSI"],
    ["1E-3", 1_000_000n, "DecimalExponent"],
    ["1e3", 1_000_000_000_000n, "DecimalExponent"],
    ["100.035k", 100_035_000_000_000n, "DecimalSI"],
    ["0.5", 500_000_000n, "DecimalSI"],
    ["0.0005k", 500_000_000n, "DecimalSI"],
    ["1.3E+6", 1_300_000_000_000_000n, "DecimalExponent"],
    ["10.035M", 10_035_000_000_000_000n, "DecimalSI"],
    [".001", 1_000_000n, "DecimalSI"],
    ["1.", 1_000_000_000n, "DecimalSI"],
    ["1.G", 1_000_000_000_000_000_000n, "DecimalSI"],
    ["-100m", -100_000_000n, "DecimalSI"],
    ["+8k", 8_000_000_000_000n, "DecimalSI"],
  ])("parses %s exactly", (input, nanos, format) => {
    expect(parseQuantity(input)).toEqual({ nanos, format });
  });

  it.each<[string, bigint]>([
    ["3.001n", 4n],
    ["1.1E-9", 2n],
    ["0.0000000001", 1n],
    ["0.5e-9", 1n],
    ["0.9n", 1n],
    ["0.00000012345", 124n],
  ])("rounds %s up to a whole nano", (input, nanos) => {
    expect(parseQuantity(input).nanos).toBe(nanos);
  });

  it("rounds negative values away from zero", () => {
    expect(parseQuantity("-3.001n").nanos).toBe(-4n);
  });

  it("accepts fractional binary quantities", () => {
    expect(parseQuantity("0.5Mi")).toEqual({ nanos: 524_288_000_000_000n, format: "BinarySI" });
  });

  it("turns a binary quantity below one into DecimalSI", () => {
    expect(parseQuantity("0.000000000001Ki")).toEqual({ nanos: 2n, format: "DecimalSI" });
  });

  it("caps a binary quantity at the largest int64", () => {
    expect(parseQuantity("9Ei").nanos).toBe(9_223_372_036_854_775_807_000_000_000n);
  });

  it.each(["1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01e-", "1e4294967297", " 1", "1 ", ""])("rejects %j", (input) => {
    expect(() => parseQuantity(input)).toThrow();
  });

  it("names the input and the grammar when the number is malformed", () => {
    expect(() => parseQuantity("1.1.M")).toThrow(
      `unable to parse quantity "1.1.M": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it("names the input when the suffix is unknown", () => {
    expect(() => parseQuantity("0.1mi")).toThrow(`unable to parse quantity "0.1mi": unable to parse quantity's suffix`);
  });
});

describe("formatQuantity", () => {
  // TestQuantityString: the canonical form, and an alternate spelling that canonicalizes to it.
  it.each([
    ["1024Mi", "1Gi"],
    ["307200Ki", "300Mi"],
    ["6Ki", "6Ki"],
    ["1025024Mi", "1001Gi"],
    ["1024Gi", "1Ti"],
    ["1000M", "1G"],
    ["0.001T", "1G"],
    ["1000u", "1m"],
    ["80m", "80m"],
    ["1.08", "1080m"],
    ["1080000000n", "1080m"],
    ["300M", "300M"],
    ["1000E", "1e21"],
    [".001e12", "1e9"],
    ["0.001e0", "1e-3"],
    ["1000e-12", "1e-9"],
    ["80e-3", "80e-3"],
    ["300e6", "300e6"],
    ["3e3", "3e3"],
    ["00", "0"],
    ["1080n", "1080n"],
    ["80u", "80u"],
    ["3k", "3k"],
    ["1025", "1025"],
    ["0", "0"],
  ])("prints %s as %s", (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  // TestQuantityParseEmit
  it.each([
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ])("emits %s as %s", (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it("prints a negative quantity with a leading minus", () => {
    expect(canonicalQuantity("-1024Mi")).toBe("-1Gi");
  });

  it("prints a binary value that is not a whole multiple of 1024 without a suffix", () => {
    expect(canonicalQuantity("1.5Ki")).toBe("1536");
  });

  it("prints a binary value below 1024 in DecimalSI", () => {
    expect(formatQuantity({ nanos: 500_000_000n, format: "BinarySI" })).toBe("500m");
  });

  it("keeps the suffix rule of DecimalSI for a value written with a fraction", () => {
    expect(canonicalQuantity("0.5")).toBe("500m");
  });
});

describe("milliValue and quantityValue", () => {
  it("gives cpu in millicores", () => {
    expect(milliValue("100m")).toBe(100);
    expect(milliValue("2")).toBe(2000);
    expect(milliValue("0.5")).toBe(500);
  });

  it("gives memory in bytes", () => {
    expect(quantityValue("128Mi")).toBe(134_217_728);
    expect(quantityValue("1G")).toBe(1_000_000_000);
  });

  it("rounds a value below one unit up, as Value() does", () => {
    expect(quantityValue("100m")).toBe(1);
  });

  it("rounds a fraction of a milli up", () => {
    expect(milliValue("1n")).toBe(1);
  });

  it("accepts a number, as a quantity may arrive from JSON", () => {
    expect(milliValue(2)).toBe(2000);
  });

  it("refuses a value past Number.MAX_SAFE_INTEGER", () => {
    expect(() => milliValue("9Ei")).toThrow(RangeError);
  });
});

describe("compareQuantities", () => {
  // TestQuantityCmp
  it.each<[string, string, number]>([
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
    ["1Gi", "1024Mi", 0],
  ])("compares %s with %s as %i", (a, b, expected) => {
    expect(compareQuantities(a, b)).toBe(expected);
  });
});
