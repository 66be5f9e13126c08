// Integration and e2e specs drive real processes: allow them more than jest's 5 s default.
jest.setTimeout(30_000);
