// A module served as is (not bundled), for function references by module URL.
export function square(x) {
  return x * x;
}
