"""The actor network: who sends troops to, leads, belongs to and speaks about whom.

`projection` turns the RDF store into a networkx MultiDiGraph through the SPARQL in
`queries/actors-*.rq`; `filters` narrows it (relation, date, weight, ego network);
`analyses` ranks and groups the actors; `draw`, `html` and `export` write it out.
"""
