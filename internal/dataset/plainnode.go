package dataset

import (
	"strings"

	"github.com/hankegraph/hankegraph/internal/arena"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// nodeBlocks is where a worker keeps the projects and organisations it
// decodes, with the texts and amounts of every node, in blocks shared by
// many (see internal/arena): a million projects read from a file are then a
// few thousand objects for the collector to visit on each cycle while the
// service runs, not some eight million. A nil nodeBlocks allocates each
// value on its own.
type nodeBlocks struct {
	texts         arena.Strings
	projects      arena.Slab[hanke.Project]
	organisations arena.Slab[hanke.Organisation]
	amounts       arena.Slab[float64]
}

func (k *nodeBlocks) text(s string) string {
	if k == nil {
		return strings.Clone(s)
	}
	return k.texts.Copy(s)
}

func (k *nodeBlocks) amount(v float64) *float64 {
	if k == nil {
		return &v
	}
	return k.amounts.New(v)
}

func (k *nodeBlocks) project() *hanke.Project {
	if k == nil {
		return &hanke.Project{}
	}
	return k.projects.New(hanke.Project{})
}

func (k *nodeBlocks) organisation() *hanke.Organisation {
	if k == nil {
		return &hanke.Organisation{}
	}
	return k.organisations.New(hanke.Organisation{})
}

// plainNodes decodes a node record of the plain shape (see plainScanner),
// label by label, into blocks, and tells whether the record had it.
var plainNodes = map[hanke.Label]func(text string, blocks *nodeBlocks) (hanke.Node, bool){
	hanke.LabelProject: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		p := blocks.project()
		s := &plainScanner{text: text, blocks: blocks}
		return p, s.object(func(name string) bool {
			switch name {
			case "acronym":
				return s.strInto(&p.Acronym)
			case "kind":
				kind, ok := s.word()
				p.Kind = hanke.ProjectKind(kind)
				return ok
			case "summary":
				return s.localized(&p.Summary)
			case "startDate":
				return s.strInto(&p.StartDate)
			case "endDate":
				return s.strInto(&p.EndDate)
			case "note":
				return s.strInto(&p.Note)
			case "totalBudgetEur":
				return s.numberPtr(&p.TotalBudgetEur)
			case "euContributionEur":
				return s.numberPtr(&p.EUContributionEur)
			case "euCofinancingPercent":
				return s.numberPtr(&p.EUCofinancingPercent)
			case "identifiers":
				return s.identifiers(&p.Identifiers)
			case "classifications":
				return s.classifications(&p.Classifications)
			case "contacts":
				return s.contacts(&p.Contacts)
			case "figures":
				return s.figures(&p.Figures)
			}
			return s.base(&p.Base, name)
		}) && s.end()
	},
	hanke.LabelOrganisation: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		o := blocks.organisation()
		s := &plainScanner{text: text, blocks: blocks}
		return o, s.object(func(name string) bool {
			switch name {
			case "acronym":
				return s.strInto(&o.Acronym)
			case "kind":
				kind, ok := s.word()
				o.Kind = hanke.OrganisationKind(kind)
				return ok
			case "altNames":
				return s.strsInto(&o.AltNames)
			case "businessId":
				return s.strInto(&o.BusinessID)
			}
			return s.base(&o.Base, name)
		}) && s.end()
	},
	hanke.LabelSector: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		sector := &hanke.Sector{}
		s := &plainScanner{text: text, blocks: blocks}
		return sector, s.object(func(name string) bool {
			if name == "figures" {
				return s.figures(&sector.Figures)
			}
			return s.base(&sector.Base, name)
		}) && s.end()
	},
	hanke.LabelFund: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		f := &hanke.Fund{}
		s := &plainScanner{text: text, blocks: blocks}
		return f, s.object(func(name string) bool {
			if name == "acronym" {
				return s.strInto(&f.Acronym)
			}
			return s.base(&f.Base, name)
		}) && s.end()
	},
	hanke.LabelProgramme: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		p := &hanke.Programme{}
		s := &plainScanner{text: text, blocks: blocks}
		return p, s.object(func(name string) bool {
			switch name {
			case "periodStart":
				return s.integer(&p.PeriodStart)
			case "periodEnd":
				return s.integer(&p.PeriodEnd)
			}
			return s.base(&p.Base, name)
		}) && s.end()
	},
	hanke.LabelSource: func(text string, blocks *nodeBlocks) (hanke.Node, bool) {
		src := &hanke.Source{}
		s := &plainScanner{text: text, blocks: blocks}
		return src, s.object(func(name string) bool {
			switch name {
			case "url":
				return s.strInto(&src.URL)
			case "publisher":
				return s.strInto(&src.Publisher)
			case "published":
				return s.strInto(&src.Published)
			case "reference":
				return s.strInto(&src.Reference)
			}
			return s.base(&src.Base, name)
		}) && s.end()
	},
}

// base reads a member every node record has: the record's "type" (already
// known) and the Base's fields.
func (s *plainScanner) base(b *hanke.Base, name string) bool {
	switch name {
	case "type":
		_, ok := s.view()
		return ok
	case "id":
		return s.strInto(&b.ID)
	case "name":
		return s.localized(&b.Names)
	case "sources":
		return s.strsInto(&b.Sources)
	case "synthetic":
		v, ok := s.boolean()
		b.Synthetic = v
		return ok
	}
	return false
}

func (s *plainScanner) identifiers(dst *[]hanke.Identifier) bool {
	return objects(s, dst, func(id *hanke.Identifier, name string) bool {
		switch name {
		case "scheme":
			return s.strInto(&id.Scheme)
		case "value":
			return s.strInto(&id.Value)
		}
		return false
	})
}

func (s *plainScanner) classifications(dst *[]hanke.Classification) bool {
	return objects(s, dst, func(c *hanke.Classification, name string) bool {
		switch name {
		case "scheme":
			return s.strInto(&c.Scheme)
		case "code":
			return s.strInto(&c.Code)
		case "label":
			return s.strInto(&c.Label)
		}
		return false
	})
}

func (s *plainScanner) contacts(dst *[]hanke.Contact) bool {
	return objects(s, dst, func(c *hanke.Contact, name string) bool {
		switch name {
		case "name":
			return s.strInto(&c.Name)
		case "role":
			return s.strInto(&c.Role)
		case "sources":
			return s.strsInto(&c.Sources)
		}
		return false
	})
}

func (s *plainScanner) figures(dst *[]hanke.Figure) bool {
	return objects(s, dst, func(f *hanke.Figure, name string) bool {
		switch name {
		case "key":
			return s.strInto(&f.Key)
		case "label":
			return s.localized(&f.Label)
		case "value":
			v, ok := s.number()
			f.Value = v
			return ok
		case "unit":
			return s.strInto(&f.Unit)
		case "date":
			return s.strInto(&f.Date)
		case "note":
			return s.strInto(&f.Note)
		case "sources":
			return s.strsInto(&f.Sources)
		}
		return false
	})
}
