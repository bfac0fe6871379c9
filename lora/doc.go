// Package lora turns a full fine-tune of an F32 GGUF model into a LoRA
// adapter that llama.cpp loads with --lora.
//
// llama.cpp's upstream trainer (llama-finetune) updates every weight of the
// model. For each adapted weight matrix W, Extract takes the difference
// Δ = W_tuned − W_base and replaces it by its best rank-r approximation
// B·A (a truncated SVD, see Factor), which it stores as the tensor pair
// "<name>.lora_a" / "<name>.lora_b" of an adapter GGUF file. Tensors an
// adapter cannot carry (1-D norms, and embeddings unless asked for) are
// reported rather than silently dropped.
package lora
