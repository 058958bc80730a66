"""Events: joint events, demonstration-exam experts, councils and contributions."""
