package secrets

// Logins is the number of successful AppRole/Kubernetes logins (tests only).
func (c *Client) Logins() uint64 { return c.logins.Load() }
