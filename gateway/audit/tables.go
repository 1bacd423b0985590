package audit

import (
	"time"

	"gorm.io/gorm"
)

// AuditorToken records an auditor token issued by `ferry auditor token` (the token itself
// is never stored: only its id, the jti). The admin package issues and checks them; the
// model lives here so that migrations need not import the HTTP side.
type AuditorToken struct {
	ID         string     `gorm:"primaryKey;size:64" json:"id"`
	Name       string     `gorm:"size:96;not null;index" json:"name"`
	Role       string     `gorm:"size:16;not null" json:"role"`
	KeyVersion int        `gorm:"not null" json:"key_version"`
	IssuedAt   time.Time  `gorm:"not null" json:"issued_at"`
	ExpiresAt  time.Time  `gorm:"not null" json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	RevokedBy  string     `gorm:"size:96" json:"revoked_by,omitempty"`
}

// TableName fixes the table name.
func (AuditorToken) TableName() string { return "auditor_tokens" }

// MigrateAuditorTables creates the checkpoint and auditor-token tables (store migration 2).
func MigrateAuditorTables(tx *gorm.DB) error {
	return tx.AutoMigrate(&Checkpoint{}, &AuditorToken{})
}
