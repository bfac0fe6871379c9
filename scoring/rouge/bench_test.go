package rouge

import "testing"

// A 5-sentence pair in the shape of a student's and a teacher's causal
// explanation.
const (
	benchReference = "Burning fossil fuels releases carbon dioxide into the atmosphere. " +
		"Carbon dioxide is a greenhouse gas that traps outgoing infrared radiation. " +
		"The trapped heat raises the average temperature of the lower atmosphere and the oceans. " +
		"Warmer oceans expand and melt the ice sheets of Greenland and Antarctica. " +
		"As a result, global sea levels rise and coastal flooding becomes more frequent."
	benchPrediction = "Fossil fuel combustion emits large amounts of CO2. " +
		"CO2 and other greenhouse gases absorb the heat radiated by the Earth's surface. " +
		"This warms the atmosphere and the oceans over the following decades. " +
		"Thermal expansion of seawater and melting glaciers add water to the oceans. " +
		"Therefore sea levels are rising, which floods low-lying coasts more often."
)

func BenchmarkCompute(b *testing.B) {
	for _, c := range []struct {
		name string
		stem bool
	}{{"nostem", false}, {"stem", true}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Compute(benchReference, benchPrediction, c.stem)
			}
		})
	}
	b.Run("stem-punkt", func(b *testing.B) {
		b.ReportAllocs()
		sc := Scorer{UseStemmer: true, SplitSummaries: true}
		for b.Loop() {
			sc.Score(benchReference, benchPrediction)
		}
	})
}
