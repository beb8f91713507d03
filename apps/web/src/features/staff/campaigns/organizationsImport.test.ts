import { describe, expect, it } from "vitest";
import {
  emptyOrganizationRow,
  organizationsToCsv,
  organizationsToJson,
  parseOrganizations,
  parseOrganizationsCsv,
  parseOrganizationsJson,
  type OrganizationRow,
} from "./organizationsImport";

const row = (fields: Partial<OrganizationRow>): OrganizationRow => ({ ...emptyOrganizationRow(), ...fields });

describe("organizations from CSV", () => {
  it("reads every column, in any order, with handles under handles.x as well", () => {
    const result = parseOrganizationsCsv(
      "name,id,country,kind,sector,handles.x,mastodon,bluesky\n" +
        "Axa,axa,fr,Company,Assurance,AXA,@axa@mastodon.social,axa.bsky.social\n" +
        '"Pôle emploi, agence",pole-emploi,FR,agency,,poleemploi,,\n',
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        row({ id: "axa", name: "Axa", country: "FR", kind: "company", sector: "Assurance", x: "AXA", mastodon: "@axa@mastodon.social", bluesky: "axa.bsky.social" }),
        row({ id: "pole-emploi", name: "Pôle emploi, agence", country: "FR", kind: "agency", x: "poleemploi" }),
      ],
    });
  });

  it("takes 100 organizations pasted at once", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `org-${i}\tOrganisation ${i}\tFR\tcompany\tSecteur ${i % 7}\thandle${i}`);
    const result = parseOrganizationsCsv(["id\tname\tcountry\tkind\tsector\tx", ...lines].join("\n"));
    expect(result.ok && result.rows.length).toBe(100);
    expect(result.ok && result.rows[99]).toEqual(row({ id: "org-99", name: "Organisation 99", country: "FR", kind: "company", sector: "Secteur 1", x: "handle99" }));
    const broken = [...lines];
    broken[63] = "org-63\tOrganisation 63\tFR\tcompagnie\t\t";
    expect(parseOrganizationsCsv(["id\tname\tcountry\tkind\tsector\tx", ...broken].join("\n"))).toEqual({
      ok: false,
      problems: [{ code: "kind", line: 65, item: null, field: "kind", value: "compagnie" }],
    });
  });

  it("reads the tab-separated cells a spreadsheet copies", () => {
    const result = parseOrganizationsCsv("id\tname\tcountry\tkind\nsncf\tSNCF\tFR\tcompany\nbund\tBundesagentur\tDE\tinstitution");
    expect(result.ok && result.rows.map((r) => `${r.id}/${r.country}/${r.kind}`)).toEqual(["sncf/FR/company", "bund/DE/institution"]);
  });

  it("names the line and field of every bad row, past blank and multi-line rows, and imports nothing", () => {
    const text = [
      "id,name,country,kind",
      "axa,Axa,FR,company",
      "",
      'orange,"Orange',
      'télécoms",FR,company',
      "carrefour,Carrefour,FRA,company",
      "sncf,,FR,shop",
      "axa,Axa bis,FR,company",
    ].join("\n");
    expect(parseOrganizationsCsv(text)).toEqual({
      ok: false,
      problems: [
        { code: "country", line: 6, item: null, field: "country", value: "FRA" },
        { code: "required", line: 7, item: null, field: "name" },
        { code: "kind", line: 7, item: null, field: "kind", value: "shop" },
        { code: "duplicate", line: 8, item: null, field: "id", value: "axa" },
      ],
    });
  });

  it("counts lines on Windows line ends too", () => {
    const result = parseOrganizationsCsv("id,name,country,kind\r\na,A,FR,company\r\nb,B,,company\r\n");
    expect(result).toEqual({ ok: false, problems: [{ code: "required", line: 3, item: null, field: "country" }] });
  });

  it("refuses a header with an unknown column or without a required one", () => {
    expect(parseOrganizationsCsv("id,name,contry,kind\na,A,FR,company")).toEqual({
      ok: false,
      problems: [
        { code: "unknownColumn", line: 1, item: null, field: "contry" },
        { code: "missingColumn", line: 1, item: null, field: "country" },
      ],
    });
    expect(parseOrganizationsCsv("id,name,country,kind\n")).toEqual({ ok: false, problems: [{ code: "empty", line: null, item: null, field: null }] });
    expect(parseOrganizationsCsv("")).toMatchObject({ ok: false, problems: [{ code: "empty" }] });
  });
});

describe("organizations from JSON", () => {
  it("reads a list as a campaign holds it, a flat list, or a whole campaign", () => {
    const org = { id: "axa", name: "Axa", country: "FR", kind: "company", handles: { x: "AXA" } };
    const expected = { ok: true, rows: [row({ id: "axa", name: "Axa", country: "FR", kind: "company", x: "AXA" })] };
    expect(parseOrganizationsJson(JSON.stringify([org]))).toEqual(expected);
    expect(parseOrganizationsJson(JSON.stringify([{ ...org, handles: undefined, x: "AXA" }]))).toEqual(expected);
    expect(parseOrganizationsJson(JSON.stringify({ id: "c", organizations: [org] }))).toEqual(expected);
  });

  it("names the item and field of every bad entry, and imports nothing", () => {
    const result = parseOrganizationsJson(JSON.stringify([{ id: "a", name: "A", country: "FR", kind: "company" }, { id: "b", country: 33, kind: "firm" }, "x"]));
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: "required", line: null, item: 2, field: "name" },
        { code: "country", line: null, item: 2, field: "country", value: "33" },
        { code: "kind", line: null, item: 2, field: "kind", value: "firm" },
        ...["id", "name", "country", "kind"].map((field) => ({ code: "required", line: null, item: 3, field })),
      ],
    });
  });

  it("says what is wrong with JSON that is not a list", () => {
    expect(parseOrganizationsJson("[{")).toMatchObject({ ok: false, problems: [{ code: "syntax", line: null, field: null }] });
    expect(parseOrganizationsJson('{"name":"x"}')).toEqual({ ok: false, problems: [{ code: "notList", line: null, item: null, field: null }] });
  });
});

describe("organizations out", () => {
  const rows = [
    row({ id: "axa", name: "Axa, SA", country: "FR", kind: "company", x: "AXA" }),
    row({ id: "bund", name: 'Bundesagentur "BA"', country: "DE", kind: "institution", sector: "Emploi", bluesky: "ba.bsky.social" }),
  ];

  it("export as CSV and JSON that import back to the same rows", () => {
    const csv = organizationsToCsv(rows);
    expect(csv.split("\r\n")[0]).toBe("id,name,country,kind,sector,x,mastodon,bluesky");
    expect(parseOrganizations(csv)).toEqual({ ok: true, rows });
    const json = organizationsToJson(rows);
    expect(JSON.parse(json)[1]).toEqual({ id: "bund", name: 'Bundesagentur "BA"', country: "DE", kind: "institution", sector: "Emploi", handles: { bluesky: "ba.bsky.social" } });
    expect(parseOrganizations(json)).toEqual({ ok: true, rows });
  });
});
