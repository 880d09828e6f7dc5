package atlas

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/hankegraph/hankegraph/internal/bitset"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
	"github.com/hankegraph/hankegraph/internal/synthetic"
)

// isEmpty lists ProjectFilter's fields by hand; a field added to the filter
// but not there would make the map count every project under that filter.
func TestIsEmptySeesEveryFilterField(t *testing.T) {
	if !isEmpty(hanke.ProjectFilter{}) {
		t.Fatal("the zero filter is not empty")
	}
	fields := reflect.TypeFor[hanke.ProjectFilter]()
	for i := range fields.NumField() {
		var f hanke.ProjectFilter
		v := reflect.ValueOf(&f).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		default:
			t.Fatalf("ProjectFilter.%s is a %s; teach this test (and isEmpty) about it", fields.Field(i).Name, v.Kind())
		}
		if isEmpty(f) {
			t.Errorf("isEmpty takes a filter with only %s set for an empty one", fields.Field(i).Name)
		}
	}
}

// Counting a selection's projects as it goes through them and against each
// area's set of projects give the same rows, whichever stats picks.
func TestSparseAndDenseCountsAgree(t *testing.T) {
	ctx := context.Background()
	store := storetest.Builtin(t)
	if _, err := store.Load(ctx, synthetic.Generate(3000, 1)); err != nil {
		t.Fatal(err)
	}
	version, err := store.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := buildIndex(ctx, store, version)
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, share := range []float64{0.001, 0.02, 0.3, 1} {
		chosen := bitset.New(ix.projects.Len())
		for p := range int32(ix.projects.Len()) {
			if rnd.Float64() < share {
				chosen.Add(p)
			}
		}
		if sparse, dense := ix.count(chosen, true), ix.count(chosen, false); !slices.Equal(sparse, dense) {
			t.Errorf("%d projects: as it goes %+v,\nagainst the areas' sets %+v", chosen.Count(), sparse, dense)
		}
	}
}
