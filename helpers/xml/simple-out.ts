// XML::Simple's XMLout (stub until its owner fills it in).
export type SimpleOutOptions = Record<string, unknown>

export function simpleOut (data: unknown, options: SimpleOutOptions): string {
  void data; void options
  throw new Error('simpleOut: not built yet')
}
