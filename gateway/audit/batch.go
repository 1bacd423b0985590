package audit

import (
	"gorm.io/gorm"
)

// eventColumns are the columns of audit_events in Event field order.
var eventColumns = []string{"seq", "at", "kind", "platform", "pseudonym", "message_id", "job_id", "link_id", "actor", "outcome", "detail", "prev_hash", "hash"}

// readEvents runs q (already filtered, ordered and limited) and scans the rows into buf,
// reusing its storage. It scans by hand rather than through gorm's reflection: Verify and
// Export read every row of the log.
func readEvents(q *gorm.DB, buf []Event) ([]Event, error) {
	buf = buf[:0]
	rows, err := q.Model(&Event{}).Select(eventColumns).Rows()
	if err != nil {
		return buf, err
	}
	defer rows.Close()
	for rows.Next() {
		buf = append(buf, Event{})
		e := &buf[len(buf)-1]
		if err := rows.Scan(&e.Seq, &e.At, &e.Kind, &e.Platform, &e.Pseudonym, &e.MessageID, &e.JobID, &e.LinkID,
			&e.Actor, &e.Outcome, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return buf, err
		}
	}
	return buf, rows.Err()
}
