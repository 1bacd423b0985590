package store

import "time"

// Message is one inbound platform event after stripping. It never holds raw text or the
// platform's sender id: only the redacted text, categories and the sender pseudonym.
type Message struct {
	ID              int64     `gorm:"primaryKey"`
	Platform        string    `gorm:"size:24;not null;uniqueIndex:ux_messages_platform_msg,priority:1"`
	PlatformMsgID   string    `gorm:"size:191;not null;uniqueIndex:ux_messages_platform_msg,priority:2"`
	AccountID       string    `gorm:"size:96"`
	SenderPseudonym string    `gorm:"size:64;index"`
	Kind            string    `gorm:"size:16;not null"`
	RedactedText    string    `gorm:"type:text"`
	Categories      string    `gorm:"size:512"` // comma-separated finding categories
	Clinical        bool      `gorm:"not null;default:false"`
	Urgency         string    `gorm:"size:16"`
	Lang            string    `gorm:"size:8"`
	ReceivedAt      time.Time `gorm:"index"`
	CreatedAt       time.Time
	PurgedAt        *time.Time
}

// Job is one auto-reply to deliver. Recipient holds the platform sender id and reply
// context encrypted (envelope ciphertext); it is erased when the job ends.
type Job struct {
	ID         int64  `gorm:"primaryKey"`
	MessageID  int64  `gorm:"index;not null"`
	Platform   string `gorm:"size:24;not null"`
	AccountID  string `gorm:"size:96"`
	Pseudonym  string `gorm:"size:64;not null"`
	ReplyToID  string `gorm:"size:191"`
	Recipient  string `gorm:"type:text"`
	Lang       string `gorm:"size:8"`
	Clinical   bool
	Urgency    string     `gorm:"size:16"`
	State      string     `gorm:"size:12;not null;index:ix_jobs_due,priority:1"`
	NextAt     time.Time  `gorm:"not null;index:ix_jobs_due,priority:2"`
	Attempts   int        `gorm:"not null;default:0"`
	LeaseOwner string     `gorm:"size:64"`
	LeaseUntil *time.Time `gorm:"index"`
	LinkID     string     `gorm:"size:64"`
	LinkExp    *time.Time
	// SendStartedAt is set just before the platform's send API is called and cleared when
	// the outcome is recorded. Found set on a job whose lease expired, it means an instance
	// died while its request may have reached the platform: the reply is not sent again.
	SendStartedAt *time.Time
	LastCode      string `gorm:"size:64"`
	SentID        string `gorm:"size:191"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Job states.
const (
	JobPending = "pending"
	JobSending = "sending"
	JobSent    = "sent"
	JobFailed  = "failed"
)

// Link is one issued deep link (by its jti; the token itself is never stored).
type Link struct {
	ID         string `gorm:"primaryKey;size:64"`
	Pseudonym  string `gorm:"size:64;not null;index"`
	MessageID  int64  `gorm:"index"`
	JobID      int64
	Platform   string    `gorm:"size:24"`
	KeyVersion int       `gorm:"not null"`
	IssuedAt   time.Time `gorm:"not null"`
	ExpiresAt  time.Time `gorm:"not null"`
	OpenedAt   *time.Time
	RedeemedAt *time.Time
}

// Conversation keys the reply cool-down and opt-out per patient and account.
type Conversation struct {
	Platform    string `gorm:"primaryKey;size:24"`
	AccountID   string `gorm:"primaryKey;size:96"`
	Pseudonym   string `gorm:"primaryKey;size:64"`
	LastReplyAt *time.Time
	OptedOut    bool `gorm:"not null;default:false"`
	UpdatedAt   time.Time
}

// SchemaMigration records an applied migration version.
type SchemaMigration struct {
	Version   int    `gorm:"primaryKey;autoIncrement:false"`
	Name      string `gorm:"size:128"`
	AppliedAt time.Time
}
