package service

import (
	"context"
	"time"

	"github.com/ferryhealth/ferry/gateway/metrics"
	"github.com/ferryhealth/ferry/portal"
)

// countedLinks counts link page events (opened, redeemed, rejected) on their way to the
// store; labels are outcomes and reasons, never tokens or ids.
type countedLinks struct {
	portal.LinkStore
	m *metrics.Metrics
}

func (c countedLinks) OpenLink(ctx context.Context, jti string, at time.Time) (portal.LinkState, error) {
	st, err := c.LinkStore.OpenLink(ctx, jti, at)
	if err == nil && st == portal.LinkActive {
		c.m.LinkEvents.WithLabelValues("opened").Inc()
	}
	return st, err
}

func (c countedLinks) RedeemLink(ctx context.Context, jti string, at time.Time) (bool, error) {
	won, err := c.LinkStore.RedeemLink(ctx, jti, at)
	if won {
		c.m.LinkEvents.WithLabelValues("redeemed").Inc()
	}
	return won, err
}

func (c countedLinks) LinkRejected(ctx context.Context, jti, reason string, at time.Time) error {
	c.m.LinkEvents.WithLabelValues("rejected").Inc()
	return c.LinkStore.LinkRejected(ctx, jti, reason, at)
}
