// Net::Cmd's datasend conversion, for the callers that hand the daemon
// unconverted text (the old smtp_helper.datasend): LF and CRLF become CRLF,
// a dot at a line start is doubled, a bare CR is left alone; `last` carries
// the previous chunk's last byte (net_cmd_last_ch) across calls.
const CR = 0x0d
const LF = 0x0a
const DOT = 0x2e

export interface DatasendState { last: number }

export function datasendBytes (input: Buffer, state: DatasendState): Buffer {
  if (input.length === 0) return input
  const out: number[] = []
  let i = 0
  // the previous chunk ended in CR and this one starts with LF: that pair is one line end (and a dot after it is stuffed)
  if (state.last === CR && input[0] === LF) {
    out.push(LF)
    i = 1
    if (input[1] === DOT) { out.push(DOT, DOT); i = 2 }
  } else if (state.last === LF && input[0] === DOT) {
    out.push(DOT, DOT)
    i = 1
  }
  for (; i < input.length; i++) {
    const b = input[i]
    if (b === CR && input[i + 1] === LF) continue
    if (b === LF) {
      out.push(CR, LF)
      if (input[i + 1] === DOT) { out.push(DOT, DOT); i++ }
      continue
    }
    out.push(b)
  }
  const buf = Buffer.from(out)
  state.last = buf[buf.length - 1]
  return buf
}

/** The end of a data phase after `state` (Net::Cmd's dataend): CRLF unless at a line start, then the dot line. */
export function dataendBytes (state: DatasendState): Buffer {
  return Buffer.from(state.last === LF ? '.\r\n' : '\r\n.\r\n', 'latin1')
}
