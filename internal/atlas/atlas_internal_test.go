package atlas

import (
	"reflect"
	"testing"

	"github.com/hankegraph/hankegraph/internal/hanke"
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
