import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

type Variant = "primary" | "secondary" | "ghost";
type Size = "sm" | "md" | "lg";
type StyleProps = { variant?: Variant; size?: Size };

const variants: Record<Variant, string> = {
  primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700",
  secondary:
    "border border-line bg-surface text-ink shadow-card hover:border-line-control hover:bg-surface-muted",
  ghost: "text-ink-muted hover:bg-canvas hover:text-ink",
};

const sizes: Record<Size, string> = {
  sm: "h-8 px-3 text-body",
  md: "h-9 px-3.5 text-body",
  lg: "h-11 px-5 text-base",
};

export function buttonClasses({ variant = "primary", size = "md" }: StyleProps = {}): string {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-control font-medium whitespace-nowrap transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
    "disabled:pointer-events-none disabled:opacity-50",
    variants[variant],
    sizes[size],
  );
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ComponentProps<"button"> & StyleProps) {
  return <button type={type} className={cn(buttonClasses({ variant, size }), className)} {...props} />;
}

export function ButtonLink({ variant, size, className, ...props }: ComponentProps<typeof Link> & StyleProps) {
  return <Link className={cn(buttonClasses({ variant, size }), className)} {...props} />;
}
