// Shared setup for unit tests: nothing global yet.
export {};
