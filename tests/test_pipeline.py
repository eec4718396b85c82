"""The main job picks its cast from the store when the user names none."""

from detente.records import Actor, Event
from detente.store import Store


def event(i: int, src: str, tgt: str, modality: str = "asserted") -> Event:
    return Event(id=f"e{i}", doc_id="d", sentence_id="d:0", sentence="s", date="2019-01-01",
                 date_precision="day", source=Actor(src, src, src), target=Actor(tgt, tgt, tgt),
                 cameo="042", cameo_root="04", goldstein=1.9, quad_class=1, modality=modality)


def test_busiest_countries_and_dyad(db_path):
    evs = [event(i, "RUS", "UKR") for i in range(5)] + [event(10 + i, "UKR", "POL") for i in range(2)]
    evs += [event(20 + i, "FRA", "DEU", modality="hypothetical") for i in range(9)]  # not counted
    with Store(db_path) as st:
        st.insert_events(evs)
        assert st.busiest_countries() == ["UKR", "RUS", "POL"]
        assert st.busiest_dyad(["UKR", "RUS", "POL"]) == ("RUS", "UKR")
        assert st.busiest_dyad(["FRA", "DEU"]) is None
        assert st.busiest_dyad(["RUS"]) is None
