package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func testWatches(t *testing.T, s store.Store) {
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var port, quake int64
	err := s.Write(ctx, func(tx store.Tx) error {
		var err error
		if port, err = tx.AddWatch(ctx, model.Watch{Query: "port strike", MinOutlets: 2, Webhook: "https://hooks.example/a", Created: created}); err != nil {
			return err
		}
		quake, err = tx.AddWatch(ctx, model.Watch{Entity: "Ana Roos", Webhook: "https://hooks.example/b", Created: created})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := s.Watches(ctx)
	if err != nil || len(ws) != 2 || ws[0].ID != port || ws[0].Query != "port strike" || ws[0].MinOutlets != 2 ||
		ws[0].Webhook != "https://hooks.example/a" || !ws[0].Created.Equal(created) || ws[1].ID != quake || ws[1].Entity != "Ana Roos" {
		t.Fatalf("watches: %+v %v", ws, err)
	}
	at := created.Add(time.Hour)
	err = s.Write(ctx, func(tx store.Tx) error {
		if err := tx.SetWatchHit(ctx, port, 7, 2); err != nil {
			return err
		}
		if err := tx.SetWatchHit(ctx, port, 7, 3); err != nil { // the story grew: replaced
			return err
		}
		if err := tx.AddDelivery(ctx, model.Delivery{Watch: port, Story: 7, Event: model.WatchNewStory, At: at, Attempt: 1, Status: 503, Error: "busy"}); err != nil {
			return err
		}
		return tx.AddDelivery(ctx, model.Delivery{Watch: port, Story: 7, Event: model.WatchNewStory, At: at.Add(time.Second), Attempt: 2, Status: 200, Delivered: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := s.WatchHits(ctx, port); err != nil || len(hits) != 1 || hits[7] != 3 {
		t.Errorf("hits: %v %v", hits, err)
	}
	ds, err := s.Deliveries(ctx, port, 0)
	if err != nil || len(ds) != 2 || ds[0].Attempt != 2 || !ds[0].Delivered || ds[1].Status != 503 || ds[1].Error != "busy" || !ds[1].At.Equal(at) {
		t.Errorf("deliveries, newest first: %+v %v", ds, err)
	}
	if ds, _ := s.Deliveries(ctx, port, 1); len(ds) != 1 {
		t.Errorf("deliveries limited to 1: %d", len(ds))
	}
	// Removing a watch removes what it sent; removing it twice is not found.
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.RemoveWatch(ctx, port) }); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.WatchHits(ctx, port); len(hits) != 0 {
		t.Errorf("hits of a removed watch: %v", hits)
	}
	if ds, _ := s.Deliveries(ctx, port, 0); len(ds) != 0 {
		t.Errorf("deliveries of a removed watch: %v", ds)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.RemoveWatch(ctx, port) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing a removed watch: %v", err)
	}
	if ws, _ := s.Watches(ctx); len(ws) != 1 || ws[0].ID != quake {
		t.Errorf("watches after the removal: %+v", ws)
	}
}
