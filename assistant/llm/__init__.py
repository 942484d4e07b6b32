"""The packaged local LLM: model files and the llama.cpp server that serves them."""
