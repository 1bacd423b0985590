package strip

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strconv"
	"sync"
)

// MaxLineBytes bounds one input line of StreamJSONL.
const MaxLineBytes = 32 << 20

type streamIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

type streamOut struct {
	ID         string    `json:"id"`
	Clinical   bool      `json:"clinical"`
	Redacted   string    `json:"redacted"`
	Findings   []Finding `json:"findings"`
	Categories []string  `json:"categories"`
	Lang       string    `json:"lang"`
	Urgency    string    `json:"urgency"`
}

type streamErr struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

type job struct {
	line []byte
	err  string // set when the line could not be read whole
	out  chan []byte
}

// StreamJSONL reads JSON lines {"id","text"} from in and writes one result
// line per input line, in input order, using workers goroutines. A malformed
// line yields {"id":...,"error":...}; the error never quotes the input.
func StreamJSONL(ctx context.Context, s *Stripper, in io.Reader, out io.Writer, workers int) error {
	if s == nil {
		s = Default()
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *job, workers*2)
	order := make(chan *job, workers*8)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for j := range jobs {
				buf.Reset()
				s.processLine(j, &buf)
				j.out <- bytes.Clone(buf.Bytes())
			}
		}()
	}
	// reader
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		br := bufio.NewReaderSize(in, 64<<10)
		for {
			line, tooLong, err := readLine(br)
			if len(line) > 0 || tooLong {
				j := &job{line: line, out: make(chan []byte, 1)}
				if tooLong {
					j.line = nil
					j.err = "line too long"
				}
				select {
				case order <- j:
				case <-ctx.Done():
					readErr <- ctx.Err()
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					readErr <- ctx.Err()
					return
				}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					readErr <- nil
				} else {
					readErr <- err
				}
				return
			}
		}
	}()
	bw := bufio.NewWriterSize(out, 64<<10)
	var werr error
	for j := range order {
		b := <-j.out
		if werr == nil {
			if _, err := bw.Write(b); err != nil {
				werr = err
				cancel()
			}
		}
	}
	wg.Wait()
	rerr := <-readErr
	if err := bw.Flush(); err != nil && werr == nil {
		werr = err
	}
	if werr != nil {
		return werr
	}
	if rerr != nil && !errors.Is(rerr, context.Canceled) {
		return rerr
	}
	return ctx.Err()
}

// readLine returns the next line without its newline. Lines longer than
// MaxLineBytes are discarded and reported with tooLong.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		frag, e := br.ReadSlice('\n')
		if len(line)+len(frag) > MaxLineBytes {
			tooLong = true
			line = line[:0]
		} else if !tooLong {
			line = append(line, frag...)
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		err = e
		break
	}
	line = bytes.TrimRight(line, "\r\n")
	if tooLong {
		return nil, true, err
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return nil, false, err
	}
	return line, false, err
}

func idString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var f json.Number
	if err := json.Unmarshal(raw, &f); err == nil {
		return f.String()
	}
	return ""
}

func (s *Stripper) processLine(j *job, buf *bytes.Buffer) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if j.err != "" {
		_ = enc.Encode(streamErr{Error: j.err})
		return
	}
	var in streamIn
	if err := json.Unmarshal(j.line, &in); err != nil {
		// try to salvage the id alone
		var probe struct {
			ID json.RawMessage `json:"id"`
		}
		id := ""
		if json.Unmarshal(j.line, &probe) == nil {
			id = idString(probe.ID)
		}
		_ = enc.Encode(streamErr{ID: id, Error: "invalid JSON line"})
		return
	}
	id := idString(in.ID)
	if in.Text == nil {
		_ = enc.Encode(streamErr{ID: id, Error: "missing \"text\" field"})
		return
	}
	r := s.Strip(*in.Text)
	o := streamOut{ID: id, Clinical: r.Clinical, Redacted: r.Redacted, Findings: r.Findings,
		Categories: r.Categories, Lang: r.Lang, Urgency: r.Urgency}
	if o.Findings == nil {
		o.Findings = []Finding{}
	}
	if err := enc.Encode(o); err != nil {
		buf.Reset()
		_ = enc.Encode(streamErr{ID: id, Error: "encode failed: " + strconv.Quote(err.Error()[:0])})
	}
}
