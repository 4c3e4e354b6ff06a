"""The one JSON mutator the fuzzers share: at each level, maybe replace, drop or descend into one member, maybe add a
member, maybe repeat a list; leaves become one of the given odd values half the time."""
import random


def mutate(value, odd, extra_keys=(), repeat=2):
    """A mutated copy of `value` (a parsed JSON value); `odd` are the values to put in, `extra_keys` names to add."""
    if isinstance(value, dict):
        value = dict(value)
        if value and random.random() < 0.55:
            key = random.choice(list(value.keys()))
            r = random.random()
            if r < 0.3:
                value[key] = random.choice(odd)
            elif r < 0.4:
                del value[key]
            else:
                value[key] = mutate(value[key], odd, extra_keys, repeat)
        if extra_keys and random.random() < 0.1:
            value[random.choice(extra_keys)] = random.choice(odd)
        return value
    if isinstance(value, list):
        value = list(value)
        if value and random.random() < 0.6:
            i = random.randrange(len(value))
            value[i] = mutate(value[i], odd, extra_keys, repeat) if random.random() < 0.7 else random.choice(odd)
        if random.random() < 0.1:
            value.append(random.choice(odd))
        if random.random() < 0.05:
            value = value * repeat
        return value
    return random.choice(odd) if random.random() < 0.5 else value
