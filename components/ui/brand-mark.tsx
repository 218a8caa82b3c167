/** RetentBase's mark: a return arrow on the brand colour. Decorative: the wordmark beside it names us. */
export function BrandMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="size-7 shrink-0">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M9 9.5h9a6.25 6.25 0 0 1 0 12.5h-7.5M14 18.5 10.5 22l3.5 3.5"
        fill="none"
        stroke="#fff"
        strokeWidth="2.75"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
