// One lint config for every workspace; each workspace's `lint` script runs eslint on its own folders.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // process.env is read in one place only: the server's zod config module (tests and tooling may read it).
    files: ["apps/server/src/**/*.ts", "packages/shared/src/**/*.ts", "packages/simulator/src/**/*.ts", "apps/web/src/**/*.{ts,tsx}"],
    ignores: ["apps/server/src/config.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through apps/server/src/config.ts." }],
    },
  },
);
