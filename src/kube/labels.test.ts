import { describe, expect, it } from "vitest";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  labelSelectorAsSelector,
  labelSelectorMatches,
  matches,
  newRequirement,
  parseSelector,
  selectorFromSet,
  selectorToString,
  validateLabelSelector,
  validateLabels,
} from "./labels.ts";

// Cases from apimachinery pkg/labels/selector_test.go unless said otherwise.

describe("parseSelector", () => {
  // TestSelectorParse: good strings re-print as themselves without spaces.
  it.each([
    ["x=a,y=b,z=c", "x=a,y=b,z=c"],
    ["", ""],
    ["x!=a,y=b", "x!=a,y=b"],
    ["x=", "x="],
    ["x= ", "x="],
    ["x=,z= ", "x=,z="],
    ["x= ,z= ", "x=,z="],
    ["!x", "!x"],
    ["x>1", "x>1"],
    ["x>1,z<5", "x>1,z<5"],
  ])("parses %j and prints it back as %j", (input, printed) => {
    expect(selectorToString(parseSelector(input))).toBe(printed);
  });

  // TestSelectorParse bad strings, plus TestSetSelectorParser's invalid inputs.
  it.each(["x=a||y=b", "x==a==b", "!x=a", "x<a", ",x,y", "x nott in (y)", "a in (xyz),", "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (", "("])(
    "rejects %j",
    (input) => {
      expect(() => parseSelector(input)).toThrow();
    },
  );

  it("sorts requirements by key, so the order written does not matter (TestDeterministicParse)", () => {
    expect(selectorToString(parseSelector("x=a,a=x"))).toBe("a=x,x=a");
    expect(selectorToString(parseSelector("a=x,x=a"))).toBe("a=x,x=a");
  });

  it("parses set-based requirements with whitespace, tabs and newlines around tokens", () => {
    expect(parseSelector("x  notin\t\t(abc,def)")).toEqual([{ key: "x", operator: "notin", values: ["abc", "def"] }]);
    expect(parseSelector("x notin\n (abc)")).toEqual([{ key: "x", operator: "notin", values: ["abc"] }]);
    expect(parseSelector("\rx")).toEqual([{ key: "x", operator: "exists", values: [] }]);
  });

  it("reads empty values inside parentheses as the empty string", () => {
    expect(parseSelector("x in (abc,)")).toEqual([{ key: "x", operator: "in", values: ["", "abc"] }]);
    expect(parseSelector("x in ()")).toEqual([{ key: "x", operator: "in", values: [""] }]);
    expect(parseSelector("x notin (, a)")).toEqual([{ key: "x", operator: "notin", values: ["", "a"] }]);
  });

  it("treats in and notin inside a value list as plain values", () => {
    expect(parseSelector("a in (x,y,notin, z,in)")).toEqual([{ key: "a", operator: "in", values: ["in", "notin", "x", "y", "z"] }]);
  });

  it("accepts DNS-prefixed keys and dotted values", () => {
    expect(parseSelector("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)")).toEqual([
      { key: "0.1.2.domain/99", operator: "notin", values: ["10.10.100.1", "tick.tack.clock"] },
    ]);
  });

  it("sorts a mix of requirement kinds by key", () => {
    expect(parseSelector("x notin (abc,def),bar,z in (),w")).toEqual([
      { key: "bar", operator: "exists", values: [] },
      { key: "w", operator: "exists", values: [] },
      { key: "x", operator: "notin", values: ["abc", "def"] },
      { key: "z", operator: "in", values: [""] },
    ]);
  });

  it("names the unexpected token when a value list is not closed", () => {
    expect(() => parseSelector("a in (xyz abc)")).toThrow("unable to parse requirement: found 'abc', expected: ',' or ')'");
  });

  it("names the token found where an operator was expected", () => {
    expect(() => parseSelector("x nott in (y)")).toThrow("unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt");
  });

  it("reports the '=' after a negated key", () => {
    expect(() => parseSelector("!x=a")).toThrow("found '=', expected: ',' or 'end of string'");
  });

  it("reports a trailing comma", () => {
    expect(() => parseSelector("a in (xyz),")).toThrow("found '', expected: identifier after ','");
  });

  it("reports an invalid key with the qualified-name rule", () => {
    expect(() => parseSelector("-x=1")).toThrow(
      `unable to parse requirement: key: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  });

  it("reports a non-integer value of a gt/lt requirement", () => {
    expect(() => parseSelector("x<a")).toThrow("unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer");
  });
});

describe("matches", () => {
  // TestSelectorMatches
  it.each<[string, Record<string, string>]>([
    ["", { x: "y" }],
    ["x=y", { x: "y" }],
    ["x=y,z=w", { x: "y", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "a" }],
    ["notin=in", { notin: "in" }],
    ["x", { x: "z" }],
    ["!x", { y: "z" }],
    ["x>1", { x: "2" }],
    ["x<1", { x: "0" }],
    ["foo=bar,baz=blah", { foo: "bar", baz: "blah" }],
  ])("%j matches %j", (selector, labels) => {
    expect(matches(parseSelector(selector), labels)).toBe(true);
  });

  it.each<[string, Record<string, string>]>([
    ["x=z", {}],
    ["x=y", { x: "z" }],
    ["x=y,z=w", { x: "w", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "w" }],
    ["x", { y: "z" }],
    ["!x", { x: "z" }],
    ["x>1", { x: "0" }],
    ["x<1", { x: "2" }],
    ["foo=bar,foobar=bar,baz=blah", { foo: "bar", baz: "blah" }],
  ])("%j does not match %j", (selector, labels) => {
    expect(matches(parseSelector(selector), labels)).toBe(false);
  });

  // TestRequirementSelectorMatching
  it("matches notin when the key is absent", () => {
    expect(matches(parseSelector("x notin (),y"), { y: "" })).toBe(true);
  });

  it("does not match in with the empty value when the key is absent", () => {
    expect(matches(parseSelector("x in ()"), { y: "baz" })).toBe(false);
  });

  it("does not match gt against a non-integer label value", () => {
    expect(matches(parseSelector("z>1"), { z: "v2" })).toBe(false);
  });

  it("matches nothing with the Nothing selector, not even empty labels", () => {
    expect(matches(null, {})).toBe(false);
  });

  it("treats absent labels as an empty set", () => {
    expect(matches(parseSelector("!x"), undefined)).toBe(true);
  });
});

describe("selectorToString", () => {
  // TestToString
  it("prints set-based requirements with sorted values", () => {
    const sel = [newRequirement("x", "in", ["def", "abc"]), newRequirement("y", "notin", ["jkl"]), newRequirement("z", "exists", [])];
    expect(selectorToString(sel)).toBe("x in (abc,def),y notin (jkl),z");
  });

  it("prints notin, != and does-not-exist", () => {
    const sel = [newRequirement("x", "notin", ["abc", "def"]), newRequirement("y", "!=", ["jkl"]), newRequirement("z", "!", [])];
    expect(selectorToString(sel)).toBe("x notin (abc,def),y!=jkl,!z");
  });

  it("prints the empty value of notin as ()", () => {
    expect(selectorToString([newRequirement("z", "notin", [""])])).toBe("z notin ()");
  });

  it("prints = and == as written", () => {
    expect(selectorToString([newRequirement("x", "=", ["abc"]), newRequirement("y", "==", ["jkl"])])).toBe("x=abc,y==jkl");
  });

  it("prints Nothing as the empty string", () => {
    expect(selectorToString(null)).toBe("");
  });
});

describe("newRequirement", () => {
  // TestRequirementConstructor
  it("refuses in without values", () => {
    expect(() => newRequirement("x", "in", [])).toThrow("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
  });

  it("accepts keys that start with a digit", () => {
    expect(newRequirement("1foo", "in", ["bar"])).toEqual({ key: "1foo", operator: "in", values: ["bar"] });
  });

  it("refuses gt with a non-integer value", () => {
    expect(() => newRequirement("foo", "gt", ["bar"])).toThrow("for 'Gt', 'Lt' operators, the value must be an integer");
  });

  it("refuses a key longer than 253 characters", () => {
    expect(() => newRequirement("a".repeat(254), "exists", [])).toThrow("name part must be no more than 63 characters");
  });

  it("prints the offending values as Go prints a string slice", () => {
    expect(() => newRequirement("x", "exists", ["a", "b"])).toThrow(
      `values: Invalid value: []string{"a", "b"}: values set must be empty for exists and does not exist`,
    );
  });

  it("joins several problems in brackets, as an aggregate error prints", () => {
    expect(() => newRequirement("x!", "in", [])).toThrow(
      /^\[key: Invalid value: "x!": name part .*, values: Invalid value: \[\]string\{\}: for 'in', 'notin' operators, values set can't be empty\]$/,
    );
  });
});

describe("labelSelectorAsSelector", () => {
  it("turns a null selector into Nothing", () => {
    expect(labelSelectorAsSelector(null)).toBe(null);
  });

  it("turns an empty selector into Everything", () => {
    expect(labelSelectorAsSelector({})).toEqual([]);
  });

  it("combines matchLabels and matchExpressions, sorted by key", () => {
    expect(
      labelSelectorAsSelector({
        matchLabels: { tier: "web", app: "shop" },
        matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }, { key: "canary", operator: "DoesNotExist" }],
      }),
    ).toEqual([
      { key: "app", operator: "=", values: ["shop"] },
      { key: "canary", operator: "!", values: [] },
      { key: "env", operator: "notin", values: ["dev"] },
      { key: "tier", operator: "=", values: ["web"] },
    ]);
  });

  it("refuses In without values, printing the values as Go's nil slice", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In" }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
  });

  it("refuses Exists with values", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] })).toThrow(
      `values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist`,
    );
  });

  it("refuses an unknown operator", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] })).toThrow('"Foo" is not a valid pod selector operator');
  });

  it("prints in upstream's canonical form", () => {
    expect(selectorToString(labelSelectorAsSelector({ matchLabels: { b: "2" }, matchExpressions: [{ key: "a", operator: "In", values: ["y", "x"] }] }))).toBe(
      "a in (x,y),b=2",
    );
  });

  it("lets a null selector select no pod and an empty one every pod", () => {
    expect(labelSelectorMatches(undefined, { app: "web" })).toBe(false);
    expect(labelSelectorMatches({}, { app: "web" })).toBe(true);
  });
});

describe("selectorFromSet", () => {
  // TestSetMatches
  it("selects labels that contain the whole set", () => {
    expect(matches(selectorFromSet({ foo: "bar", baz: "blah" }), { foo: "bar", baz: "blah", x: "y" })).toBe(true);
  });

  it("turns an empty set into Everything", () => {
    expect(selectorFromSet({})).toEqual([]);
  });
});

describe("name validation", () => {
  it("accepts a prefixed qualified name", () => {
    expect(isQualifiedName("app.kubernetes.io/name")).toEqual([]);
  });

  it("reports an empty prefix", () => {
    expect(isQualifiedName("/name")).toEqual(["prefix part must be non-empty"]);
  });

  it("reports a name part longer than 63 characters", () => {
    expect(isQualifiedName("a".repeat(64))).toEqual(["name part must be no more than 63 characters"]);
  });

  it("accepts an empty label value", () => {
    expect(isValidLabelValue("")).toEqual([]);
  });

  it("reports a label value that ends with a dash", () => {
    expect(isValidLabelValue("web-")).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it("rejects upper case in a DNS-1123 label", () => {
    expect(isDNS1123Label("Web")).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("accepts dots in a DNS-1123 subdomain", () => {
    expect(isDNS1123Subdomain("web.example.com")).toEqual([]);
  });

  it("reports each bad label of a set at the set's path", () => {
    expect(validateLabels({ "a/b/c": "x" }, "metadata.labels").map((e) => e.field)).toEqual(["metadata.labels"]);
  });
});

describe("validateLabelSelector", () => {
  it("requires values for In, with upstream's wording", () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }] }, "spec.selector").map((e) => e.message)).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it("forbids values for Exists", () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["b"] }] }, "spec.selector").map((e) => e.message)).toEqual([
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
  });

  it("reports an unknown operator", () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: "a", operator: "Maybe" }] }, "spec.selector").map((e) => e.message)).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Maybe": not a valid selector operator',
    ]);
  });
});
